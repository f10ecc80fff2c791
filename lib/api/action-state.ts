/** What a server action answers when it went well: a line for people, and any result. */
export interface ActionSuccess<TResult = never> {
  message?: string;
  result?: TResult;
}

/**
 * What a dashboard form shows after its server action ran (`useActionState`): what happened,
 * or what went wrong.
 */
export interface ActionState<TResult = never> extends ActionSuccess<TResult> {
  /** For people: an expected error's own message, or a generic one with the request id. */
  error?: string;
  /**
   * When the save was refused because someone else saved first (409, the form's version is
   * stale): the record as it is now, for the form to show and edit again.
   */
  current?: Record<string, unknown>;
}

/** A server action as a form calls it; the page hands it to the form component. */
export type FormAction<TResult = never> = (state: ActionState<TResult>, form: FormData) => Promise<ActionState<TResult>>;
