-- wrk: print the run's figures as one JSON line (latencies in microseconds).
-- `extra` is more JSON fields, e.g. from a script that counts statuses per thread.
function report(summary, latency, extra)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "bad_status": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d%s}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    extra or ""))
end

done = function(summary, latency, requests)
  report(summary, latency, "")
end
