import type { DerivedColumn, FeatureColumn } from './types';

type Read = (column: FeatureColumn) => number;

/**
 * Session totals derived from the per-type columns, the same way in training and in the browser
 * (why a variant reads them: ./columns.ts). Pages are the three typed page counts, as in the data;
 * a session without any has share and seconds per page 0.
 */
export const DERIVED: Record<DerivedColumn, (read: Read) => number> = {
  TotalPages: (n) => n('Administrative') + n('Informational') + n('ProductRelated'),
  TotalDuration: (n) => n('Administrative_Duration') + n('Informational_Duration') + n('ProductRelated_Duration'),
  ProductPageShare: (n) => {
    const pages = DERIVED.TotalPages(n);
    return pages > 0 ? n('ProductRelated') / pages : 0;
  },
  SecondsPerPage: (n) => {
    const pages = DERIVED.TotalPages(n);
    return pages > 0 ? DERIVED.TotalDuration(n) / pages : 0;
  },
};

// A derived name must never hide a record column: this line stops compiling if one does.
true satisfies Extract<DerivedColumn, FeatureColumn> extends never ? true : false;

/** Whether a numeric input is derived rather than read from the record. */
export function isDerived(column: string): column is DerivedColumn {
  return Object.prototype.hasOwnProperty.call(DERIVED, column);
}
