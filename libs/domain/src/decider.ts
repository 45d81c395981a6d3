/**
 * An event as a decider sees it: a past-tense `type` and plain, JSON-like `data`. The envelope
 * (who, when, which command, ids, positions) belongs to the application and the store, not to
 * the domain, so a decider can be tested without either.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/**
 * An aggregate as a decider (Emmett's `Decider`, after Jérémie Chassaing): three pure functions
 * and nothing else. `decide` turns a command into events, or throws a DomainError saying why
 * not; `evolve` folds one event into the state; `initialState` is the state of a stream with no
 * events. Everything a decision depends on beyond the state (time, actor, policies) arrives in
 * `context`, so the same inputs always give the same events — which is what makes idempotent
 * replay and given/when/then tests possible.
 */
export interface Decider<Command, Event, State, Context> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
  /**
   * Optional: the same as reducing `evolve` over the events from `from`, only faster. For an
   * aggregate whose streams grow long (a case of thousands of attached clues), where folding one
   * event at a time costs time in the stream's length for each event.
   */
  fold?(events: readonly Event[], from: State): State;
}

/** Folds a history from the decider's initial state (or from `from`, e.g. a snapshot). */
export function foldEvents<Event, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'evolve' | 'fold'>,
  events: readonly Event[],
  from: State = decider.initialState(),
): State {
  if (decider.fold) return decider.fold(events, from);
  return events.reduce((state, event) => decider.evolve(state, event), from);
}
