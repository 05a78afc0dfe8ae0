import { z } from "zod";

const Invoice = z.object({ id: z.string(), status: z.string(), currency: z.string(), amount_due: z.number(), due_date: z.number().nullable() });
type Invoice = z.infer<typeof Invoice>;

const key = process.env.STRIPE_SECRET_KEY;
if (!key) throw new Error("STRIPE_SECRET_KEY is not set");

async function list(from: number, to: number): Promise<Invoice[]> {
  const out: Invoice[] = [];
  let after: string | undefined;
  for (;;) {
    const q = new URLSearchParams({ limit: "100", "created[gte]": String(from), "created[lt]": String(to) });
    if (after) q.set("starting_after", after);
    const res = await fetch(`https://api.stripe.com/v1/invoices?${q}`, { headers: { Authorization: `Bearer ${key}` } });
    const page = (await res.json()) as { data: unknown[]; has_more: boolean };
    const items = page.data.map(d => Invoice.parse(d));
    out.push(...items);
    if (!page.has_more) return out;
    after = items[items.length - 1].id;
  }
}

const month = process.argv[process.argv.indexOf("--month") + 1];
const start = Date.parse(`${month}-01T00:00:00Z`) / 1000;
const end = Date.parse(new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 1)).toISOString()) / 1000;
const totals = new Map<string, number>();
for (const inv of await list(start, end)) {
  const k = `${inv.status} ${inv.currency.toUpperCase()}`;
  totals.set(k, (totals.get(k) ?? 0) + inv.amount_due / 100);
}
for (const [k, v] of totals) console.log(k.padEnd(16), v.toFixed(2));
