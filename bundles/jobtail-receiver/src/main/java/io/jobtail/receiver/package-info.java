/**
 * {@link io.jobtail.receiver.JobLogReceiver}: the server widget that receives job log streams and
 * keeps them in the {@link io.jobtail.receiver.store.LogStore}, under the site and job of the
 * authenticated peer. Not exported: hosts reach it through {@link io.jobtail.api.ComponentFactory}.
 */
package io.jobtail.receiver;
