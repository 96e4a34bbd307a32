namespace SharpInfer.Server.Tests;

/// <summary>Where a stop string sits relative to the streamed chunks of the output.</summary>
public enum StopPlacement
{
    InsideOneChunk,
    AcrossTwoChunks,
    AcrossThreeChunks,
    WholeChunk,
}
