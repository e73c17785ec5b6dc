-- wrk script for bench/soak.sh: cycles through a mix of requests, one kind per request, and counts the statuses
-- each kind got. A kind answered with any status other than its expected one is an error the soak reports.
--
-- Kinds (what each one exercises):
--   ping     GET /_ping                          allowed, forwarded, tiny answer                 -> 200
--   secrets  GET /v1.41/secrets                  denied by the rules, never forwarded            -> 403
--   inspect  GET /v1.41/containers/TARGET/json   allowed, the answer redacted (env, mounts)      -> 200
--   list     GET /v1.41/containers/json?all=1    allowed, a list answer redacted                 -> 200
--   create   POST /v1.41/containers/create        body inspected and refused (privileged)         -> 403
--   network  POST /v1.41/networks/create          body inspected, allowed, the daemon says 409    -> 409
--            (CheckDuplicate: the name exists, so dockerd refuses before allocating anything)

local target = os.getenv("SOAK_TARGET") or "soak-target"

local kinds = {}
-- The kinds' names, for done(), which runs where init() never did.
local kind_names = { "ping", "secrets", "inspect", "list", "create", "network" }

-- Built in init(): wrk sets the Host header only after the script's top level has run.
local function build_kinds()
  local json = { ["Host"] = wrk.headers["Host"], ["Content-Type"] = "application/json" }
  kinds = {
    { name = "ping", request = wrk.format("GET", "/_ping") },
    { name = "secrets", request = wrk.format("GET", "/v1.41/secrets") },
    { name = "inspect", request = wrk.format("GET", "/v1.41/containers/" .. target .. "/json") },
    { name = "list", request = wrk.format("GET", "/v1.41/containers/json?all=1") },
    {
      name = "create",
      request = wrk.format("POST", "/v1.41/containers/create", json,
        '{"Image":"sockguard-test/busybox:latest","HostConfig":{"Privileged":true,"NetworkMode":"none"}}'),
    },
    {
      name = "network",
      request = wrk.format("POST", "/v1.41/networks/create", json,
        '{"Name":"soak-net","Driver":"bridge","Internal":true,"CheckDuplicate":true}'),
    },
  }
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Which kind an answer belongs to, read from the answer itself (wrk does not say which request a response answers,
-- and a reconnect makes it call request() without a response): the daemon's "OK", a list, an object, the proxy's
-- verbose denial naming the path, or dockerd's conflict. Anything else is unexpected.
local function classify(status, body)
  if status == 200 and body == "OK" then return "ping" end
  if status == 200 and body:sub(1, 1) == "[" then return "list" end
  if status == 200 and body:sub(1, 1) == "{" then return "inspect" end
  if status == 403 and body:find("/secrets", 1, true) then return "secrets" end
  if status == 403 and body:find("/containers/create", 1, true) then return "create" end
  if status == 409 and body:find("soak-net", 1, true) then return "network" end
  return nil
end

function init(args)
  build_kinds()
  sent = 0          -- requests written by this thread
  answered = 0      -- responses read
  unexpected = 0    -- responses that are none of the kinds' expected answers
  counts = {}       -- kind (or "unexpected:STATUS") -> count
end

function request()
  local kind = kinds[(sent % #kinds) + 1]
  sent = sent + 1
  return kind.request
end

function response(status, headers, body)
  answered = answered + 1
  local kind = classify(status, body)
  if kind == nil then
    unexpected = unexpected + 1
    kind = "unexpected:" .. status
  end
  counts[kind] = (counts[kind] or 0) + 1
end

function done(summary, latency, requests)
  local total, bad, merged = 0, 0, {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("answered")
    bad = bad + thread:get("unexpected")
    for key, count in pairs(thread:get("counts")) do merged[key] = (merged[key] or 0) + count end
  end
  -- Each thread sends the kinds in turn: every kind's count is within a few of every other's, or some answer
  -- came back as another kind's.
  local low, high = nil, 0
  for _, name in ipairs(kind_names) do
    local count = merged[name] or 0
    if low == nil or count < low then low = count end
    if count > high then high = count end
  end
  if high - low > 2 * #threads then bad = bad + (high - low) end
  io.write(string.format("soak-answered %d\nsoak-unexpected %d\n", total, bad))
  for key, count in pairs(merged) do io.write(string.format("soak-status %s %d\n", key, count)) end
end
