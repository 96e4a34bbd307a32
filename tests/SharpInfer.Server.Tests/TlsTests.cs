using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Tests;

namespace SharpInfer.Server.Tests;

/// <summary>--ssl-certfile / --ssl-keyfile: the server speaks HTTPS with the given PEM pair, and bad files are clear errors.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ServesHttpsWithAPemCertificate()
    {
        var (certFile, keyFile) = WriteSelfSignedPair();
        var options = new ServeOptions
        {
            ModelDirectory = SharedData.Model("stories260K"),
            Port = 0,
            SslCertFile = certFile,
            SslKeyFile = keyFile,
            Engine = new EngineConfig { BlockSize = 16, MaxModelLen = 128, KvCacheMemoryBytes = 4L * 1024 * 1024 },
        };
        await using var model = ModelContext.Load(options);
        await using var app = OpenAiServer.Build(options, model, TimeSpan.FromSeconds(1));
        await app.StartAsync();
        var url = app.Urls.Single();
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Subject == "CN=localhost" });

        using var response = await http.GetAsync(url + "/v1/models");

        Assert.StartsWith("https://", url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("stories260K", await response.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    [Fact]
    public void MissingOrMismatchedFilesAreUserErrors()
    {
        var (certFile, _) = WriteSelfSignedPair();
        var options = new ServeOptions { ModelDirectory = SharedData.Model("stories260K"), Port = 0 };

        Assert.Contains("together", Assert.Throws<UserErrorException>(() => OpenAiServer.Build(options with { SslCertFile = certFile }, new ModelSlot())).Message);
        Assert.Contains("does not exist", Assert.Throws<UserErrorException>(() =>
            OpenAiServer.Build(options with { SslCertFile = certFile, SslKeyFile = Path.Combine(_directory, "none.pem") }, new ModelSlot())).Message);
        Assert.Contains("cannot load the TLS certificate", Assert.Throws<UserErrorException>(() =>
            OpenAiServer.Build(options with { SslCertFile = certFile, SslKeyFile = certFile }, new ModelSlot())).Message);
    }

    private (string Cert, string Key) WriteSelfSignedPair()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(_directory, "cert.pem");
        var keyFile = Path.Combine(_directory, "key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}
