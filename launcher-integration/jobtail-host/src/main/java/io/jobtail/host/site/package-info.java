/** The site process: takes jobs from the server, deploys them, launches and watches job processes. */
package io.jobtail.host.site;
