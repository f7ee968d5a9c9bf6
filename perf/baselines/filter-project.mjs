// Hand-written Node baseline for the filter + project benchmark: the same work as the query
// `select {"app": event.application, "host": event.syslog_hostname, "n": event.aint + 1}
//  from in where event.short_message == "ERROR" or event.aint > 35 into out`,
// written the way a careful Node developer would: chunked stdin, JSON.parse, JSON.stringify,
// one write per chunk, honouring backpressure.
let rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const text = rest + chunk;
  const lines = text.split('\n');
  rest = lines.pop();
  let out = '';
  for (const line of lines) {
    if (!line) continue;
    const e = JSON.parse(line);
    if (e.short_message === 'ERROR' || e.aint > 35) out += JSON.stringify({ app: e.application, host: e.syslog_hostname, n: e.aint + 1 }) + '\n';
  }
  if (out && !process.stdout.write(out)) {
    process.stdin.pause();
    process.stdout.once('drain', () => process.stdin.resume());
  }
});
process.stdin.on('end', () => {
  if (rest) {
    const e = JSON.parse(rest);
    if (e.short_message === 'ERROR' || e.aint > 35) process.stdout.write(JSON.stringify({ app: e.application, host: e.syslog_hostname, n: e.aint + 1 }) + '\n');
  }
});
