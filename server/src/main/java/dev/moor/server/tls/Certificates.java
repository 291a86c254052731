package dev.moor.server.tls;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reading what a certificate says about its subject. */
public final class Certificates {

    private Certificates() {
    }

    /** The subject's common name (CN), or its whole distinguished name when it has no CN. */
    public static String commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length == 0) {
            return subject.toString();
        }
        return IETFUtils.valueToString(names[0].getFirst().getValue());
    }
}
