const SMALL = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'to']);
module.exports = s => s.split(' ').map((w, i) => (i && SMALL.has(w) ? w : w[0].toUpperCase() + w.slice(1))).join(' ');
