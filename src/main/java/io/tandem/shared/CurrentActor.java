package io.tandem.shared;

/**
 * The actor of the request or job being processed. Implemented by the security module, so modules learn who acts
 * without depending on it.
 */
public interface CurrentActor {

    Actor get();
}
