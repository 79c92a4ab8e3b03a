/**
 * People and machines: users with roles, teams, personal API tokens, login and the rules of who may do what.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security (users, teams, tokens)")
package io.tandem.security;
