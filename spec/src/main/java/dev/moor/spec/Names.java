package dev.moor.spec;

import java.util.regex.Pattern;

/** What the names in a spec may look like, and how problems describe each rule. */
final class Names {
    /** App and service names become parts of Docker and DNS names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    static final String DNS_LABEL_RULE =
            "lowercase letters, digits and '-', 1 to 32 characters, starting and ending with a letter or digit";

    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String VARIABLE_RULE = "a variable name of letters, digits and '_', not starting with a digit";

    /** The file name under /run/secrets, with Docker's rule for secret names. */
    static final Pattern SECRET = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,62}[A-Za-z0-9])?");
    static final String SECRET_RULE =
            "a secret name of letters, digits, '_', '.' and '-', starting and ending with a letter or digit";

    /** Docker's rule for volume names. */
    static final Pattern VOLUME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /** Docker's image reference grammar: {@code [registry[:port]/]path[:tag][@digest]}. */
    static final Pattern IMAGE = Pattern.compile(NAME + "(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    static final String IMAGE_RULE = "an image reference like nginx:1.27 or registry.example.com/team/app:1.0";

    /** An image name with an optional tag: what a built image can be tagged as. */
    static final Pattern IMAGE_TAG = Pattern.compile(NAME + "(?::" + TAG + ")?");

    /** A DNS name, like {@code legacy.internal} (an IPv4 address matches it too). */
    static final Pattern DNS_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /** An exact host name, or {@code *.} and a domain for every host under it. */
    static final Pattern HOST = Pattern.compile("(\\*\\.)?" + DNS_NAME.pattern());

    /** An IPv4 address in dotted-quad form, before {@code InetAddress} checks its numbers. */
    static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** An HTTP token (RFC 9110): what method and header names are made of. */
    static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** A header value: visible characters, spaces and tabs; no line breaks. */
    static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0A-\\x1F\\x7F]*");

    /** A path prefix of a route or the path of an HTTP probe. */
    static final Pattern URL_PATH = Pattern.compile("/[^\\s?#]*");

    private Names() {}
}
