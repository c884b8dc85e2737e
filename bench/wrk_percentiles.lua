-- wrk reporter: latency percentiles (ms), requests, duration and errors (connect, read, write,
-- timeout, and answers >= 400), one per line, for the bench scripts to read. wrk's own
-- --latency table has no p95, and p95 is what DESIGN.md budgets.
done = function(summary, latency, requests)
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("p%d %.2f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.3f\n", summary.duration / 1e6))
  local e = summary.errors
  io.write(string.format("errors %d\n", e.connect + e.read + e.write + e.timeout + e.status))
end
