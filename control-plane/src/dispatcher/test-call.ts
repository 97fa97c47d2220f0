// A stand-in for an agent's Connect stream in the dispatcher's tests: it records what is written
// and ends as a real stream does. The gRPC stream itself is covered by the end-to-end tests.
import { EventEmitter } from 'node:events';
import type { ControlMessage } from '@coxswain/shared';

export class FakeCall extends EventEmitter {
  readonly written: ControlMessage[] = [];
  write(m: ControlMessage): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.emit('finish');
  }
  getPeer(): string {
    return 'ipv4:10.0.0.5:41234';
  }
}
