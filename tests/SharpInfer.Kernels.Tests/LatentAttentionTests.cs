namespace SharpInfer.Kernels.Tests;

public sealed class LatentAttentionTests
{
    [Fact]
    public void MatchesTheScalarReference()
    {
        // 7 positions in blocks of 3, scattered over a pool of 4 blocks; rows of 40 = 32 latent + 8 rope.
        const int width = 40, latentWidth = 32, positions = 7, blockSize = 3;
        int[] blockTable = [2, 0, 3];
        var query = TestMatrix.RandomVector(width, 1);
        var latents = TestMatrix.RandomVector(4 * blockSize * width, 2);
        var output = new float[latentWidth];
        var expected = new float[latentWidth];

        LatentAttention.AttendPaged(query, latents, blockTable, blockSize, positions, 0.3f, new float[positions], output);
        LatentAttention.AttendPagedScalar(query, latents, blockTable, blockSize, positions, 0.3f, expected);

        for (var c = 0; c < latentWidth; c++)
            Assert.Equal(expected[c], output[c], 1e-5f);
    }

    [Fact]
    public void EqualsExpandedMultiHeadAttention()
    {
        // The absorbed form: softmax((W_UKᵀq)·c + q_pe·k_pe) then W_UV·Σpc equals attention over expanded
        // keys k = [W_UK·c | k_pe] and values v = W_UV·c.
        const int r = 8, rope = 4, nope = 6, v = 5, positions = 5;
        var wuk = TestMatrix.RandomVector(nope * r, 3);
        var wuv = TestMatrix.RandomVector(v * r, 4);
        var qNope = TestMatrix.RandomVector(nope, 5);
        var qPe = TestMatrix.RandomVector(rope, 6);
        var latents = TestMatrix.RandomVector(positions * (r + rope), 7);
        int[] table = [0];

        var query = new float[r + rope];
        for (var c = 0; c < r; c++)
            query[c] = Enumerable.Range(0, nope).Sum(n => qNope[n] * wuk[n * r + c]);
        qPe.CopyTo(query, r);
        var latentOut = new float[r];
        LatentAttention.AttendPaged(query, latents, table, positions, positions, 0.5f, new float[positions], latentOut);
        var absorbed = Enumerable.Range(0, v).Select(d => Enumerable.Range(0, r).Sum(c => (double)wuv[d * r + c] * latentOut[c])).ToArray();

        var keys = new float[positions * (nope + rope)];
        var values = new float[positions * v];
        for (var j = 0; j < positions; j++)
        {
            var c = latents.AsSpan(j * (r + rope), r).ToArray();
            for (var n = 0; n < nope; n++)
                keys[j * (nope + rope) + n] = Enumerable.Range(0, r).Sum(k => wuk[n * r + k] * c[k]);
            latents.AsSpan(j * (r + rope) + r, rope).CopyTo(keys.AsSpan(j * (nope + rope) + nope, rope));
            for (var d = 0; d < v; d++)
                values[j * v + d] = Enumerable.Range(0, r).Sum(k => wuv[d * r + k] * c[k]);
        }
        var fullQuery = qNope.Concat(qPe).ToArray();
        var valueOut = new float[nope + rope];
        // Values padded to the key width so one AttendPaged call serves both.
        var paddedValues = new float[positions * (nope + rope)];
        for (var j = 0; j < positions; j++)
            values.AsSpan(j * v, v).CopyTo(paddedValues.AsSpan(j * (nope + rope), v));
        Attention.AttendPaged<float>(fullQuery, 1, keys, paddedValues, table, positions, positions, nope + rope, 0, 0.5f, valueOut);

        for (var d = 0; d < v; d++)
            Assert.Equal(valueOut[d], absorbed[d], 1e-4);
    }
}
