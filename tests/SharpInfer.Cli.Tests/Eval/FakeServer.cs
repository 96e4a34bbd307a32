using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>An HTTP handler answering from a function, recording each request's path and body.</summary>
internal sealed class FakeServer(Func<string, JsonObject, int, (int Status, string Body)> answer) : HttpMessageHandler
{
    public List<(string Path, JsonObject Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var path = request.RequestUri!.AbsolutePath;
        int count;
        lock (Requests)
        {
            Requests.Add((path, body));
            count = Requests.Count(r => r.Path == path);
        }
        var (status, text) = answer(path, body, count);
        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}
