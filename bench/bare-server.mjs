// The baseline of `npm run bench:http`: node:http answering a fixed JSON body,
// the fastest any JSON API on this machine could answer.
import http from 'node:http';

const body = JSON.stringify({
  id: 'cus_01kjp4c580pyw1h868dhfcjj9w',
  name: 'Budi Santoso',
  phone: '+6281234567890',
  email: null,
  ref: null,
  creditLimit: 100000,
  termsDays: 14,
  status: 'active',
  holdReason: null,
  balance: 50000,
  overdue: 0,
  credit: 0,
  openInvoices: [],
});
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
