/**
 * Shared kernel: the few types every module speaks (who acts, from where, problems, time) and the platform wiring
 * (database, clock). Deliberately small; business rules never live here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.tandem.shared;
