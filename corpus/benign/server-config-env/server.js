const http = require('http');
const fs = require('fs');
const path = require('path');

const PORT = Number(process.env.PORT || 3000);
const LOG_LEVEL = process.env.LOG_LEVEL || 'info';
const ROOT = process.env.DOCS_ROOT || path.join(process.env.HOME || '.', '.local/share/docs-site');
const isDev = process.env.NODE_ENV !== 'production';
const log = (lvl, ...m) => (lvl === 'error' || LOG_LEVEL === 'debug' || lvl === LOG_LEVEL) && console.log(`[${lvl}]`, ...m);

http.createServer((req, res) => {
  const p = path.normalize(path.join(ROOT, decodeURIComponent(req.url.split('?')[0])));
  if (!p.startsWith(ROOT)) { res.writeHead(403); return res.end(); }
  fs.readFile(p.endsWith('/') ? p + 'index.html' : p, (err, data) => {
    log(err ? 'error' : 'debug', req.method, req.url, err ? 404 : 200);
    res.writeHead(err ? 404 : 200, isDev ? { 'Cache-Control': 'no-store' } : {});
    res.end(err ? 'not found' : data);
  });
}).listen(PORT, '127.0.0.1', () => log('info', `hi ${process.env.USER || 'there'}, docs on http://localhost:${PORT}`));
