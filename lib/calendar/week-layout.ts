type Timed = { startsAt: string; endsAt: string };

export type PlacedEvent<T extends Timed> = {
  event: T;
  // Percentages of the day column, so the grid's height is the stylesheet's business.
  top: number;
  height: number;
  // Side by side within a group of overlapping events: this one's lane, and how many lanes the group uses.
  lane: number;
  lanes: number;
  continuesBefore: boolean;
  continuesAfter: boolean;
};

// A 5-minute meeting stays tall enough to read and click.
const MIN_HEIGHT = (20 / (24 * 60)) * 100;

/**
 * Where each event sits in one day column [dayStart, dayEnd): the part of it inside the day, with events that
 * overlap put in lanes next to each other (greedy, first free lane). An event over several days appears in
 * each day's column, cut at midnight.
 */
export function layoutDay<T extends Timed>(events: T[], dayStart: Date, dayEnd: Date): Array<PlacedEvent<T>> {
  const start = dayStart.getTime();
  const end = dayEnd.getTime();
  const span = end - start;
  const pieces = events
    .map((event) => ({
      event,
      from: Math.max(Date.parse(event.startsAt), start),
      to: Math.min(Date.parse(event.endsAt), end),
    }))
    .filter((piece) => piece.to > piece.from)
    .sort((a, b) => a.from - b.from || b.to - a.to);

  const placed: Array<PlacedEvent<T>> = [];
  let group: Array<PlacedEvent<T>> = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const closeGroup = () => {
    for (const item of group) item.lanes = laneEnds.length;
    group = [];
    laneEnds = [];
    groupEnd = -Infinity;
  };
  for (const piece of pieces) {
    if (piece.from >= groupEnd) closeGroup();
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= piece.from);
    if (lane === -1) lane = laneEnds.push(piece.to) - 1;
    else laneEnds[lane] = piece.to;
    const item: PlacedEvent<T> = {
      event: piece.event,
      top: ((piece.from - start) / span) * 100,
      height: Math.min(
        Math.max(((piece.to - piece.from) / span) * 100, MIN_HEIGHT),
        100 - ((piece.from - start) / span) * 100,
      ),
      lane,
      lanes: 1,
      continuesBefore: Date.parse(piece.event.startsAt) < start,
      continuesAfter: Date.parse(piece.event.endsAt) > end,
    };
    group.push(item);
    placed.push(item);
    groupEnd = Math.max(groupEnd, piece.to);
  }
  closeGroup();
  return placed;
}
