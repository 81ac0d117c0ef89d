// The shopper's waitlist entry of a sold-out sale: {position, status: WAITING|OFFERED, offer?}.
// Results: the entry, null when not on the list, false when this service has no waitlist (404 on join).
import { api } from './api.js';

const path = saleId => `/api/sales/${saleId}/waitlist`;

export async function entry(saleId) {
  try {
    return await api(path(saleId));
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

export async function join(saleId) {
  try {
    return await api(path(saleId), { method: 'POST' });
  } catch (e) {
    if (e.status === 404 && e.slug !== 'sale-not-found') return false;
    throw e;
  }
}

export async function leave(saleId) {
  try {
    await api(path(saleId), { method: 'DELETE' });
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  return null;
}
