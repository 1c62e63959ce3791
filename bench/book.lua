-- wrk: POST the booking form, each request a different client (its own address in
-- X-Forwarded-For, as nginx would pass it on) with its own one-time form stamp.
-- bench/bench.py writes the stamps (one a line) and passes the file, the CSRF token and its
-- cookie in the environment. report.lua is prepended to this file.
local stamps = {}
local thread_count = 0
local threads = {}

setup = function(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

init = function(args)
  for line in io.lines(os.getenv("BENCH_STAMPS")) do
    table.insert(stamps, line)
  end
  counter = 0
  csrf = os.getenv("BENCH_CSRF_TOKEN")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. os.getenv("BENCH_CSRF_COOKIE")
  wrk.headers["Referer"] = os.getenv("BENCH_REFERER")
  threads_total = tonumber(os.getenv("BENCH_THREADS"))
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  -- Thread t takes stamps t, t + threads, t + 2 * threads, ...: no stamp is used twice.
  local n = counter * threads_total + thread_index + 1
  counter = counter + 1
  local stamp = stamps[n]
  if stamp == nil then
    return wrk.format("GET", "/healthz")  -- out of stamps: the run is longer than planned
  end
  local who = string.format("bench-%d", n)
  -- A distinct 10.x.y.z for each post (n < 2^24), so no client comes near the rate limit.
  local a, b, c = math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", a, b, c)
  local body = "csrfmiddlewaretoken=" .. urlencode(csrf)
    .. "&form_token=" .. urlencode(stamp)
    .. "&name=" .. urlencode("Bench Client " .. n)
    .. "&contact_method=email"
    .. "&email=" .. urlencode(who .. "@example.com")
    .. "&treatment=not-sure"
    .. "&postcode=" .. urlencode("YO24 1AB")
    .. "&message=" .. urlencode("Load test enquiry " .. n)
    .. "&no_red_flags=on&consent=on&website="
  return wrk.format("POST", nil, nil, body)
end

-- Every accepted enquiry redirects (303) to the thank-you page; anything else is counted.
response = function(status, headers, body)
  if status == 303 then
    accepted = (accepted or 0) + 1
  else
    refused = (refused or 0) + 1
  end
end

done = function(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("accepted") or 0)
    bad = bad + (thread:get("refused") or 0)
  end
  report(summary, latency, string.format(', "accepted": %d, "refused": %d', ok, bad))
end
