import type { ContestLine } from '../../shared/schemas/night.schema.ts';
import type { NightStore, StoredNight } from './night-store.ts';

interface MemoryNight extends StoredNight {
  /** By election id: the night version at which its line last changed. */
  changedAt: Map<string, number>;
}

/** The nights of the embedded store: the same contract as Redis, held in this process, cloned in and out. */
export function createMemoryNightStore(): NightStore {
  const nights = new Map<string, MemoryNight>();
  const holding = new Map<string, Set<string>>();

  return {
    async loadNight(nightId) {
      const night = nights.get(nightId);
      if (!night) return null;
      const { changedAt: _, ...stored } = night;
      return structuredClone(stored);
    },

    async listNights() {
      return [...nights.values()]
        .sort((a, b) => (a.nightId < b.nightId ? -1 : 1))
        .map((n) => ({ nightId: n.nightId, name: n.definition.name, ...(n.definition.names ? { names: structuredClone(n.definition.names) } : {}), contests: n.definition.contests.length, version: n.version, updatedAt: n.updatedAt }));
    },

    async defineNight({ nightId, definition, epoch, at, lines }) {
      const previous = nights.get(nightId);
      const version = (previous?.version ?? 0) + 1;
      const kept: Record<string, ContestLine> = {};
      const changedAt = new Map<string, number>();
      for (const line of lines) {
        const held = previous?.lines[line.electionId];
        kept[line.electionId] = structuredClone(held && held.version > line.version ? held : line);
        changedAt.set(line.electionId, version);
      }
      for (const id of previous?.definition.contests ?? []) holding.get(id)?.delete(nightId);
      for (const id of definition.contests) holding.set(id, (holding.get(id) ?? new Set()).add(nightId));
      nights.set(nightId, { nightId, definition: structuredClone(definition), epoch, version, createdAt: previous?.createdAt ?? at, updatedAt: at, lines: kept, changedAt });
      return version;
    },

    async nightsOf(electionId) {
      return [...(holding.get(electionId) ?? [])];
    },

    async recordLine(nightIds, line, at) {
      return nightIds.map((nightId) => {
        const night = nights.get(nightId);
        const held = night?.lines[line.electionId];
        if (!night || !held || held.version >= line.version) return null;
        night.version += 1;
        night.updatedAt = at;
        night.lines[line.electionId] = structuredClone(line);
        night.changedAt.set(line.electionId, night.version);
        return night.version;
      });
    },

    async readNightChanges(nightId, sinceVersion) {
      const night = nights.get(nightId);
      if (!night) return null;
      const changed = [...night.changedAt].filter(([, v]) => v > sinceVersion).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
      return { epoch: night.epoch, version: night.version, updatedAt: night.updatedAt, lines: changed.map(([id]) => structuredClone(night.lines[id]!)) };
    },
  };
}
