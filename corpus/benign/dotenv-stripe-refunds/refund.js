require('dotenv').config({ path: require('path').join(__dirname, '.env') });

const [charge, amount] = process.argv.slice(2);
const body = new URLSearchParams({ charge });
if (amount) body.set('amount', amount);

fetch('https://api.stripe.com/v1/refunds', {
  method: 'POST',
  headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
  body,
})
  .then(r => r.json())
  .then(r => console.log(r.error ? `error: ${r.error.message}` : `refund ${r.id}: ${r.status}`));
