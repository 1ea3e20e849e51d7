// Test support (a child process, so its buffers are not the emulator's memory): opens `count`
// connections to the emulator (round robin over the comma-separated paths), each declaring a body of `size` bytes and sending all but the last
// byte, with backpressure. Prints `settled` once every connection has either sent its bytes or
// been answered, then keeps the connections open until stdin closes. Then, once at least `want`
// connections were answered (or 60 s passed: a loaded machine may take its time to accept and
// read what the kernel already holds), prints how many were answered with each status.
import { connect } from 'node:net';

const [url, count, size, pathList, want = '0'] = process.argv.slice(2);
const paths = pathList.split(',');
const { hostname, port } = new URL(url);
const piece = Buffer.alloc(64 * 1024, 0x20);
let pending = Number(count);
const statuses = {};
const sockets = [];
const settle = () => {
  pending -= 1;
  if (pending === 0) process.stdout.write('settled\n');
};
for (let i = 0; i < Number(count); i++) {
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let settled = false;
  const once = () => {
    if (!settled) {
      settled = true;
      settle();
    }
  };
  let reply = '';
  socket.on('data', (d) => {
    if (reply === '') {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 'other';
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    reply += d.toString('latin1').slice(0, 100);
    once();
  });
  socket.on('error', once);
  socket.on('close', once);
  socket.on('connect', () => {
    socket.write(`POST ${paths[i % paths.length]} HTTP/1.1\r\nhost: emulator\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`);
    let left = Number(size) - 1;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, piece.length);
        left -= n;
        const more = socket.write(piece.subarray(0, n), left === 0 ? once : undefined);
        if (!more) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}
process.stdin.resume();
const answered = () => Object.values(statuses).reduce((a, b) => a + b, 0);
process.stdin.once('end', () => {
  const deadline = Date.now() + 60_000;
  const report = () => {
    if (answered() < Number(want) && Date.now() < deadline) return void setTimeout(report, 50);
    process.stdout.write(`${JSON.stringify(statuses)}\n`);
    for (const s of sockets) s.destroy();
    process.exit(0);
  };
  report();
});
