namespace SharpInfer.Cli;

/// <summary>The streams a command reads and writes, so tests can run commands in-process.</summary>
internal sealed record CliIo(TextReader In, TextWriter Out, TextWriter Error);
