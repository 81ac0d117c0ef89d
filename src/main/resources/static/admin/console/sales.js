// The sales table and the sale form (create, edit, schedule, end early).
import { api } from './api.js';
import { editor } from './editor.js';
import { el, fromLocalInput, krw, count, phase, toLocalInput, when } from './format.js';

const form = document.getElementById('sale-form');
let products = [];
let onWatch = () => {};

const sales = editor(form, {
  path: 'sales',
  noun: '판매',
  read: f => ({
    productId: Number(f.elements.productId.value),
    salePrice: Number(f.elements.salePrice.value),
    totalQuantity: Number(f.elements.totalQuantity.value),
    perUserLimit: Number(f.elements.perUserLimit.value),
    startsAt: fromLocalInput(f.elements.startsAt.value),
    endsAt: fromLocalInput(f.elements.endsAt.value),
  }),
  fill: (f, sale) => {
    f.elements.productId.replaceChildren(...products.map(p => el('option', { value: p.id }, `#${p.id} ${p.name} (${krw(p.originalPrice)})`)));
    const hour = 3600_000;
    const start = sale?.startsAt ?? new Date(Math.ceil(Date.now() / 60000) * 60000).toISOString();
    f.elements.productId.value = sale?.productId ?? products[0]?.id ?? '';
    f.elements.salePrice.value = sale?.salePrice ?? '';
    f.elements.totalQuantity.value = sale?.totalQuantity ?? 100;
    f.elements.perUserLimit.value = sale?.perUserLimit ?? 1;
    f.elements.startsAt.value = toLocalInput(start);
    f.elements.endsAt.value = toLocalInput(sale?.endsAt ?? new Date(Date.parse(start) + hour).toISOString());
    // a sale's total moves through stock adjustment once it exists (Redis owns live stock)
    f.elements.totalQuantity.readOnly = Boolean(sale);
    document.getElementById('quantity-hint').hidden = !sale;
    document.getElementById('end-now').hidden = !sale || phase(sale)[0] !== 'ON_SALE';
  },
  saved: () => refreshSales(),
});

document.getElementById('new-sale').addEventListener('click', () => sales.open(null));
// ending early is an edit of endsAt to now, with the same optimistic lock as any other edit
document.getElementById('end-now').addEventListener('click', () => sales.save({ endsAt: new Date().toISOString() }));

export function watchWith(listener) {
  onWatch = listener;
}

export async function refreshSales() {
  products = await api('/products');
  const rows = await api('/sales');
  const names = new Map(products.map(p => [p.id, p.name]));
  document.querySelector('#sales-table tbody').replaceChildren(...rows.slice().reverse().map(sale => {
    const [code, label] = phase(sale);
    const edit = el('button', { type: 'button', class: 'small edit', 'aria-label': `판매 #${sale.id} 수정` }, '수정');
    edit.addEventListener('click', async () => sales.open(await api(`/sales/${sale.id}`)));
    const watch = el('button', { type: 'button', class: 'small watch', 'aria-label': `판매 #${sale.id} 실시간 보기` }, '실시간');
    watch.addEventListener('click', () => onWatch(sale, names.get(sale.productId)));
    return el('tr', { 'data-sale-id': sale.id },
      el('td', {}, `#${sale.id}`), el('td', {}, names.get(sale.productId) ?? `#${sale.productId}`),
      el('td', { class: 'num' }, krw(sale.salePrice)), el('td', { class: 'num' }, count(sale.totalQuantity)),
      el('td', { class: 'num' }, count(sale.perUserLimit)), el('td', {}, when(sale.startsAt)), el('td', {}, when(sale.endsAt)),
      el('td', {}, el('span', { class: `badge ${code}` }, label)), el('td', { class: 'row-actions' }, edit, watch));
  }));
  return { products, rows };
}

export const productList = () => products;
