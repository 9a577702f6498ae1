package io.jobtail.host.osgi;

/**
 * The service property a widget uses to say which runtime it belongs to, and the reference targets
 * built from it. A widget without the property serves every runtime.
 */
final class WidgetTargets {
    /** Service property: {@value #SERVER} or {@value #SITE}. */
    static final String PROCESS = "jobtail.process";
    static final String SERVER = "server";
    static final String SITE = "site";

    static final String SERVER_WIDGETS = "(|(!(" + PROCESS + "=*))(" + PROCESS + "=" + SERVER + "))";
    static final String SITE_WIDGETS = "(|(!(" + PROCESS + "=*))(" + PROCESS + "=" + SITE + "))";

    private WidgetTargets() {
    }
}
