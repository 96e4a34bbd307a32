using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpInfer.Core;

namespace SharpInfer.Server;

/// <summary>Loads <c>--ssl-certfile</c> / <c>--ssl-keyfile</c> (PEM, as vLLM and uvicorn take them) with errors naming the file.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2? Load(ServeOptions options)
    {
        if (options.SslCertFile is null && options.SslKeyFile is null)
            return null;
        if (options.SslCertFile is not { } certFile || options.SslKeyFile is not { } keyFile)
            throw new UserErrorException("--ssl-certfile and --ssl-keyfile must be given together");
        foreach (var file in new[] { certFile, keyFile })
        {
            if (!File.Exists(file))
                throw new UserErrorException($"TLS file '{file}' does not exist");
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // Re-import so the private key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e)
        {
            throw new UserErrorException($"cannot load the TLS certificate '{certFile}' with key '{keyFile}': {e.Message} (PEM files expected)");
        }
    }
}
