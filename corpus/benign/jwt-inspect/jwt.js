const token = process.argv[2] || '';
const [h, p] = token.split('.');
const decode = seg => JSON.parse(Buffer.from(seg.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
const header = decode(h);
const payload = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')));
console.log('header ', JSON.stringify(header, null, 2));
console.log('payload', JSON.stringify(payload, null, 2));
if (payload.exp) {
  const left = payload.exp * 1000 - Date.now();
  console.log(left > 0 ? `expires in ${Math.round(left / 60000)} min` : 'EXPIRED');
}
