// What the page knows, shared by its modules: sale views, their cards, the shopper's waitlist entries.
export const sales = new Map();   // sale id -> sale view (remaining kept live by the stock stream)
export const cards = new Map();   // sale id -> card (cards.js)
export const entries = new Map(); // sale id -> waitlist entry, null (not on it) or false (no waitlist here)

export const el = id => document.getElementById(id);

export function refreshCard(saleId, now = Date.now()) {
  const card = cards.get(saleId);
  const sale = sales.get(saleId);
  if (card && sale) card.update(sale, entries.get(saleId), now);
}

/** One line at the top for page-wide news (sign-in problems, a failed cancel). */
export function banner(text) {
  el('banner').textContent = text ?? '';
  el('banner').hidden = !text;
}
