namespace SharpInfer.Cli.Eval;

/// <summary>Token ids from the server's /tokenize, with its max_model_len when it reports one.</summary>
internal sealed record Tokenized(int[] Ids, int? MaxModelLen);
