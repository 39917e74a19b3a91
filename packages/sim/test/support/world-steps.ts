/** Steps a simulated world by hand (runSimulation's loop without the checks). */
import { World, type WorldOptions } from '../../src/index.js';

export function worldOf(options: WorldOptions): World {
  const world = new World(options);
  world.begin();
  return world;
}

export function advance(world: World, steps: number): void {
  for (let step = 0; step < steps; step++) {
    const event = world.queue.pop();
    if (event === undefined) return;
    world.scheduler.nowMs = event.atMs;
    event.run();
  }
  world.oracle.touched.clear();
}
