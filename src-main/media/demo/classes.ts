/**
 * The classes of the synthetic "motion actions" demo dataset. Each class is one kind of motion of a
 * textured patch over a textured background; every other property of a clip (textures, colours,
 * where the patch is, its angle and size) is random and drawn the same way for every class, so a
 * single frame carries no information about the class and only motion does.
 */

/** Which parameter of the patch changes over the clip, and in which direction. */
export type DemoMotion =
  | { kind: 'translate'; dx: -1 | 0 | 1; dy: -1 | 0 | 1 }
  | { kind: 'rotate'; dir: -1 | 1 }
  | { kind: 'zoom'; dir: -1 | 1 };

/** One demo class: its label and its motion. */
export interface DemoClass {
  name: string;
  motion: DemoMotion;
}

/**
 * The classes, in a fixed order (the order is part of the seeding). Image axes: x to the right,
 * y down; `rotate_cw` turns clockwise on screen; `zoom_in` makes the patch grow.
 */
export const DEMO_CLASSES: readonly DemoClass[] = [
  { name: 'move_left', motion: { kind: 'translate', dx: -1, dy: 0 } },
  { name: 'move_right', motion: { kind: 'translate', dx: 1, dy: 0 } },
  { name: 'move_up', motion: { kind: 'translate', dx: 0, dy: -1 } },
  { name: 'move_down', motion: { kind: 'translate', dx: 0, dy: 1 } },
  { name: 'rotate_cw', motion: { kind: 'rotate', dir: 1 } },
  { name: 'rotate_ccw', motion: { kind: 'rotate', dir: -1 } },
  { name: 'zoom_in', motion: { kind: 'zoom', dir: 1 } },
  { name: 'zoom_out', motion: { kind: 'zoom', dir: -1 } },
];

/** Names of the demo classes, for the UI, the CLI and tests. */
export function listDemoClasses(): string[] {
  return DEMO_CLASSES.map((c) => c.name);
}

/**
 * How much each motion changes its parameter over a whole clip, whatever its length or frame rate
 * (x `amp`, a per-clip factor in 0.85..1.15). At 112 px, 2 s, 25 fps this is about 1.3 px/frame,
 * 3 deg/frame and 1.5 %/frame of zoom.
 */
export const MOTION_RANGE = {
  /** Travel, as a fraction of the frame size. */
  translate: 0.6,
  /** Radians. */
  rotate: (150 * Math.PI) / 180,
  /** Natural log of the scale ratio between last and first frame. */
  zoom: Math.log(2.1),
};
