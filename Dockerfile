# sockguard's image: the final stage holds only the binary, the libraries it links, CA certificates and the presets
# (/etc/sockguard/<name>.yaml, /etc/sockguard/sockguard.yaml the default). No shell: the HEALTHCHECK is
# `sockguard health`. Like the Go sockguard's image it runs as root, so it can open a stock docker.sock; run it as
# 65532 with `group_add` of the socket's group instead (docs/deploy.md).
#
# Where images can be pulled:   docker build -t sockguard .
# Here (no registry; the same final stage from a binary built on this machine):   scripts/build-image.sh

FROM swift:6.3-noble AS build
RUN apt-get update && apt-get install -y --no-install-recommends zlib1g-dev libyaml-dev binutils ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-release.sh > /tmp/binary && scripts/image-rootfs.sh "$(cat /tmp/binary)" /rootfs

FROM scratch
COPY --from=build /rootfs/ /
EXPOSE 2375
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 CMD ["/sockguard", "health"]
ENTRYPOINT ["/sockguard"]
CMD ["serve"]
