import type { AssetContext } from '../case';
import { DEFAULT_CRITICALITY, ROLE_MIN_CRITICALITY } from './weights';

/**
 * The names a host may be known by: its full name and, for a DNS name, its first label. Logs write
 * `DC1.corp.local` where settings and ticket history say `DC1`; both are case-insensitive.
 */
export function hostNames(host: string): string[] {
  const full = host.trim().toLowerCase();
  const dot = full.indexOf('.');
  // An address is not a DNS name: 10.0.0.5 must not become "10".
  return dot > 0 && !/^\d+(?:\.\d+){3}$/.test(full) ? [full, full.slice(0, dot)] : [full];
}

/** Host settings looked up case-insensitively, as `AssetContext` promises, by full name or short name. */
export interface AssetLookup {
  /** 1 (lab) .. 5 (crown jewel): the configured figure, raised to the minimum its role implies. */
  criticality(host: string): number;
  role(host: string): string | undefined;
}

export function assetLookup(assets: AssetContext): AssetLookup {
  const criticalities = new Map<string, number>();
  for (const [host, value] of Object.entries(assets.criticality)) {
    // Settings are typed by a person: clamp to the scale, and ignore what is not a number at all.
    if (typeof value === 'number' && Number.isFinite(value)) criticalities.set(host.trim().toLowerCase(), Math.round(Math.min(5, Math.max(1, value))));
  }
  const roles = new Map<string, string>();
  for (const [host, role] of Object.entries(assets.roles)) if (typeof role === 'string') roles.set(host.trim().toLowerCase(), role);
  const find = <T>(table: Map<string, T>, host: string): T | undefined => {
    for (const name of hostNames(host)) {
      const value = table.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return {
    criticality(host) {
      const configured = find(criticalities, host);
      const role = find(roles, host);
      const fromRole = role === undefined ? undefined : ROLE_MIN_CRITICALITY[role.toLowerCase()];
      if (configured === undefined) return fromRole ?? DEFAULT_CRITICALITY;
      return fromRole !== undefined && fromRole > configured ? fromRole : configured;
    },
    role: (host) => find(roles, host),
  };
}
