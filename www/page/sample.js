// A realistic sample CSV generated in the worker, so the page works with no file at hand:
// orders with ids, dates, customers, quoted cities, integer values, prices and flags.
// Deterministic (a seeded PRNG), so the same button gives the same bytes every time.

const CITIES = ['London', 'Paris', 'Zürich', 'New York, NY', 'São Paulo', '東京', 'Lagos', 'Lima', 'Austin, TX'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman'];
const NOTES = ['', '', '', 'gift wrap', 'call before delivery', 'fragile, "handle with care"', 'back order'];

function prng(seed) {
  // mulberry32: small, fast and good enough for sample data.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(field) {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Builds `rows` data rows as a File, in blocks so no single string grows huge. */
export function sampleFile(rows = 100_000) {
  const random = prng(2024);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const encoder = new TextEncoder();
  const parts = [encoder.encode('order_id,date,customer,city,value,price,quantity,in_stock,note\n')];
  const start = Date.UTC(2024, 0, 1);
  let block = [];
  for (let i = 1; i <= rows; i++) {
    const date = new Date(start + Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10);
    const digits = 1 + Math.floor(random() * 9);
    const value = Math.floor(random() * 10 ** digits);
    const price = (random() * 500).toFixed(2);
    const quantity = 1 + Math.floor(random() * 12);
    block.push(
      [
        1000 + i,
        date,
        quote(`${pick(FIRST)} ${pick(LAST)}`),
        quote(pick(CITIES)),
        value,
        price,
        quantity,
        random() < 0.8 ? 'true' : 'false',
        quote(pick(NOTES)),
      ].join(','),
    );
    if (block.length === 10_000 || i === rows) {
      parts.push(encoder.encode(block.join('\n') + '\n'));
      block = [];
    }
  }
  return new File(parts, 'sample-orders.csv', { type: 'text/csv' });
}
