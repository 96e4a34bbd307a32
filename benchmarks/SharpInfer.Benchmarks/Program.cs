using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SharpInfer.Benchmarks.LinearBenchmarks).Assembly).Run(args);
