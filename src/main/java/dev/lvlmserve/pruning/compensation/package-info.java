/**
 * Subspace-Compensated Pruning, paper §4.2. Each removed layer p is paired with its nearest retained layer r
 * ({@link dev.lvlmserve.pruning.compensation.LayerPairing}); the feature-gap matrix H = X^p − X^r (N×D, Eq. 7) is
 * decomposed in float64 ({@link dev.lvlmserve.pruning.compensation.SubspaceSvd}, EJML — DJL has no SVD); its top-k
 * right singular vectors V_k (Eq. 9) give P = I + V_k V_kᵀ, which edits r's weights ({@link
 * dev.lvlmserve.pruning.compensation.SubspaceEdit}, Eq. 10) on the side the {@link
 * dev.lvlmserve.pruning.compensation.ScpTarget} names. Weights are PyTorch Linear layout (out, in); V_k is (D, k)
 * with orthonormal columns; D is the decoder's hidden size.
 */
package dev.lvlmserve.pruning.compensation;
