// The products table and the product form. A PUT replaces the whole row, so fields the form does not
// show (marketplace ids) are sent back as they were read.
import { api } from './api.js';
import { editor } from './editor.js';
import { el, krw } from './format.js';

const form = document.getElementById('product-form');
const TEXT = ['name', 'category', 'brand', 'imageUrl', 'coupangUrl', 'kurlyUrl', 'description'];
let loaded = null;

const products = editor(form, {
  path: 'products',
  noun: '상품',
  read: f => {
    const body = { coupangProductId: loaded?.coupangProductId ?? null, kurlyGoodsNo: loaded?.kurlyGoodsNo ?? null };
    TEXT.forEach(name => { body[name] = f.elements[name].value.trim() || null; });
    body.originalPrice = Number(f.elements.originalPrice.value);
    return body;
  },
  fill: (f, product) => {
    loaded = product;
    TEXT.forEach(name => { f.elements[name].value = product?.[name] ?? ''; });
    f.elements.originalPrice.value = product?.originalPrice ?? '';
  },
  saved: () => refreshProducts(),
});

document.getElementById('new-product').addEventListener('click', () => products.open(null));

export async function refreshProducts() {
  const rows = await api('/products');
  document.querySelector('#products-table tbody').replaceChildren(...rows.map(p => {
    const edit = el('button', { type: 'button', class: 'small edit', 'aria-label': `상품 #${p.id} 수정` }, '수정');
    edit.addEventListener('click', async () => products.open(await api(`/products/${p.id}`)));
    return el('tr', { 'data-product-id': p.id }, el('td', {}, `#${p.id}`), el('td', {}, p.name), el('td', {}, p.category),
      el('td', { class: 'num' }, krw(p.originalPrice)), el('td', {}, edit));
  }));
}
