import type { EvidenceKind, EvidenceRef } from '../../engine/case';

/** Every view has a hash URL, so back/forward and reload bring it back (`#/case/<id>/event/<eventId>`). */
export type Route =
  | { view: 'home' }
  | { view: 'settings' }
  | { view: 'case'; caseId: string; evidence?: EvidenceRef };

const EVIDENCE_KINDS: readonly EvidenceKind[] = ['event', 'indicator', 'attestation', 'unclassified', 'file', 'history'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((part) => part.length > 0);
  const decoded = parts.map(safeDecode);
  if (decoded[0] === 'settings') return { view: 'settings' };
  if (decoded[0] === 'case' && decoded[1]) {
    const route: Route = { view: 'case', caseId: decoded[1] };
    const kind = decoded[2] as EvidenceKind | undefined;
    // Evidence ids may themselves contain slashes (URL indicators): everything after the kind is the id.
    if (kind && EVIDENCE_KINDS.includes(kind) && decoded.length > 3) route.evidence = { kind, id: decoded.slice(3).join('/') };
    return route;
  }
  return { view: 'home' };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'home':
      return '#/';
    case 'settings':
      return '#/settings';
    case 'case':
      return `#/case/${encodeURIComponent(route.caseId)}` +
        (route.evidence ? `/${route.evidence.kind}/${encodeURIComponent(route.evidence.id)}` : '');
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
