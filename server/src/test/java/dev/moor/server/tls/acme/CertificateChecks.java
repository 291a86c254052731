package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes an issued certificate usable by the edge. */
final class CertificateChecks {

    private CertificateChecks() {
    }

    /** The chain leads to the CA's root, the leaf names exactly the names, and the key is the leaf's. */
    static void verify(IssuedCertificate certificate, CertificateNames names, X509Certificate issuingRoot)
            throws Exception {
        List<X509Certificate> chain = Pems.certificates(certificate.chainPem());
        X509Certificate leaf = chain.getFirst();
        List<X509Certificate> path = chain.stream()
                .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())).toList();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(issuingRoot, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);

        assertThat(leaf.getSubjectAlternativeNames()).extracting(name -> (String) name.get(1))
                .containsExactlyInAnyOrderElementsOf(names.names());
        assertThat(leaf.getPublicKey()).isInstanceOfSatisfying(ECPublicKey.class,
                key -> assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256));
        assertThat(keyMatches(Pems.privateKey(certificate.keyPem()), leaf)).as("the key is the leaf's").isTrue();
        assertThat(certificate.notBefore()).isEqualTo(leaf.getNotBefore().toInstant());
        assertThat(certificate.notAfter()).isEqualTo(leaf.getNotAfter().toInstant());
        assertThat(certificate.names()).isEqualTo(names);
    }

    static boolean keyMatches(PrivateKey key, X509Certificate leaf) throws Exception {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] data = "moor".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(data);
        return verifier.verify(signer.sign());
    }
}
