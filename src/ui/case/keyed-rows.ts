/**
 * Live reports arrive as fresh objects on every update. Rendering them directly would rebuild every table row each
 * time; reconciling them into a store keyed by a stable key keeps the rows whose data did not change and updates
 * only the fields that did (Solid `reconcile`).
 */
import { createComputed, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';

export type Keyed<T> = T & { rowKey: string };

export function createKeyedRows<T extends object>(source: Accessor<readonly T[]>, keyOf: (item: T) => string): Accessor<Keyed<T>[]> {
  const [rows, setRows] = createStore<{ list: Keyed<T>[] }>({ list: [] });
  createComputed(() => {
    const next = source().map((item) => ({ ...item, rowKey: keyOf(item) }));
    setRows('list', reconcile(next, { key: 'rowKey', merge: false }));
  });
  return () => rows.list;
}
