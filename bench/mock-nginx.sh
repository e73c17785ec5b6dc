# Sourced by bench scripts: mock_nginx_conf DIR writes DIR/nginx.conf, a fake Docker API on the unix socket
# DIR/ng.sock that answers `/_ping` with OK (any `/vX.Y` prefix stripped) and everything else with a 404.
mock_nginx_conf() {
    local dir=$1
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<NGINX
daemon off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx.err;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path $dir/tmp; keepalive_requests 10000000;
  server {
    listen unix:$dir/ng.sock;
    rewrite ^/v[0-9.]+(/.*)\$ \$1 last;
    location = /_ping { default_type text/plain; return 200 "OK"; }
    location / { return 404 '{"message":"page not found"}'; }
  }
}
NGINX
}
