/** A chart in a crosshair group: shows the time another chart of the group hovers. */
export interface CrosshairMember {
  /** Shows `time` (its nearest sample and tooltip); undefined hides the crosshair. */
  show(time: number | undefined): void;
}

/** A member's handle: tells the others what it hovers, and leaves. */
export interface CrosshairSeat {
  hover(time: number | undefined): void;
  leave(): void;
}

/** Charts that share their crosshair (Grafana's `graphTooltip`): a time hovered in one is shown in all. */
export interface CrosshairGroup {
  join(member: CrosshairMember): CrosshairSeat;
}

/** Creates a crosshair group: when the pointer moves over one chart, every other shows that time. */
export function createCrosshairGroup(): CrosshairGroup {
  const members = new Set<CrosshairMember>();
  return {
    join(member) {
      members.add(member);
      return {
        hover(time) {
          for (const other of members) if (other !== member) other.show(time);
        },
        leave: () => void members.delete(member),
      };
    },
  };
}
