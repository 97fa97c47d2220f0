// Requests for a reconciler pass. Created before the components that raise them (the dispatcher,
// on agent news) and the controller that answers them, so neither needs the other to exist first
// and nothing is wired after construction.

/** Where the controller hears that facts changed enough to warrant a pass. */
export interface ChangeSource {
  onChanged(listener: () => void): void;
}

export class PassRequests implements ChangeSource {
  private readonly listeners: (() => void)[] = [];

  /** Asks for a pass soon; bound, so it can be handed out as a plain callback. */
  readonly changed = (): void => {
    for (const listener of this.listeners) listener();
  };

  onChanged(listener: () => void): void {
    this.listeners.push(listener);
  }
}
