-- wrk script for the resilience tests: cycles through GET requests and one POST whose body is
-- made unique per request, and prints the answers by status class and the socket errors.
--   GAGGLE_TOKEN       bearer token
--   GAGGLE_READS       space-separated paths to GET (may be empty)
--   GAGGLE_WRITE_PATH  path to POST to (may be empty)
--   GAGGLE_WRITE_BODY  JSON body for the POST; every "%s" becomes a unique string

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  headers = {
    ["Authorization"] = "Bearer " .. os.getenv("GAGGLE_TOKEN"),
    ["Content-Type"] = "application/json",
  }
  reads = {}
  for path in string.gmatch(os.getenv("GAGGLE_READS") or "", "%S+") do
    table.insert(reads, path)
  end
  write_path = os.getenv("GAGGLE_WRITE_PATH") or ""
  write_body = os.getenv("GAGGLE_WRITE_BODY") or "{}"
  turn, made = 0, 0
  s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
end

function request()
  turn = turn + 1
  local slots = #reads + ((write_path ~= "") and 1 or 0)
  local slot = (turn - 1) % slots + 1
  if slot <= #reads then
    return wrk.format("GET", reads[slot], headers)
  end
  made = made + 1
  local unique = string.format("t%d-%d", id, made)
  return wrk.format("POST", write_path, headers, string.gsub(write_body, "%%s", unique))
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local totals = {s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d connect=%d read=%d write=%d timeout=%d p99_ms=%.1f\n",
    summary.requests, totals.s2xx, totals.s3xx, totals.s4xx, totals.s5xx,
    e.connect, e.read, e.write, e.timeout, latency:percentile(99) / 1000))
end
