package dev.moor.server.api;

import dev.moor.server.tls.Certificates;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/** Sets {@link ApiCaller#ATTRIBUTE} on each request, from what the connection knows of its peer. */
enum CallerCustomizer implements HttpConfiguration.Customizer {

    /** The user the kernel reported for the Unix socket's peer. */
    UNIX_SOCKET {
        @Override
        ApiCaller caller(EndPoint endPoint) {
            if (endPoint instanceof PeerCheckingConnector.PeerEndPoint peerEndPoint) {
                return new ApiCaller.LocalUser(peerEndPoint.peer().user().getName());
            }
            return null;
        }
    },

    /** The common name of the client certificate the TLS handshake verified. */
    MUTUAL_TLS {
        @Override
        ApiCaller caller(EndPoint endPoint) {
            EndPoint.SslSessionData ssl = endPoint.getSslSessionData();
            X509Certificate[] certificates = ssl == null ? null : ssl.peerCertificates();
            if (certificates == null || certificates.length == 0) {
                return null;
            }
            return new ApiCaller.RemoteClient(Certificates.commonName(certificates[0]));
        }
    };

    abstract ApiCaller caller(EndPoint endPoint);

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        ApiCaller caller = caller(request.getConnectionMetaData().getConnection().getEndPoint());
        if (caller != null) {
            request.setAttribute(ApiCaller.ATTRIBUTE, caller);
        }
        return request;
    }
}
