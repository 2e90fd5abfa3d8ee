package dev.lvlmserve.model.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tensor waiting to be written: its shape is known up front (for the header), its floats are produced only when
 * its turn comes and released right after, so a writer holds one tensor's data at a time.
 */
interface FloatSource {
    long[] shape();

    /** Hands {@code sink} the tensor's elements in row-major order, then releases any temporaries. */
    void withFloats(Sink sink) throws IOException;

    /** Receives a tensor's elements; may write them out. */
    @FunctionalInterface
    interface Sink {
        void accept(FloatBuffer floats) throws IOException;
    }

    static FloatSource of(FloatTensor t) {
        return new FloatSource() {
            @Override
            public long[] shape() {
                return t.shape();
            }

            @Override
            public void withFloats(Sink sink) throws IOException {
                sink.accept(FloatBuffer.wrap(t.data()));
            }
        };
    }

    /**
     * Reads an NDArray of any floating type on any device. The data is read through a direct buffer over a
     * contiguous CPU FLOAT32 tensor, so the only copies made are the conversions the array actually needs.
     */
    static FloatSource of(NDArray array) {
        if (!array.getDataType().isFloating()) {
            throw new IllegalArgumentException("cannot write " + array.getDataType() + " array " + array.getName()
                    + " as a float checkpoint tensor");
        }
        return new FloatSource() {
            @Override
            public long[] shape() {
                return array.getShape().getShape();
            }

            @Override
            public void withFloats(Sink sink) throws IOException {
                if (array.size() == 0) {
                    sink.accept(FloatBuffer.allocate(0));
                    return;
                }
                Deque<NDArray> temporaries = new ArrayDeque<>();
                try {
                    NDArray cpu = track(array, array.toDevice(Device.cpu(), false), temporaries);
                    NDArray f32 = track(cpu, cpu.toType(DataType.FLOAT32, false), temporaries);
                    // reshape(-1) is a view when contiguous and a contiguous copy otherwise; either way DJL's
                    // direct buffer then needs no hidden copy of its own (which it would leave in the manager).
                    NDArray flat = track(f32, f32.reshape(-1), temporaries);
                    sink.accept(flat.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer());
                } finally {
                    temporaries.forEach(NDArray::close);
                }
            }
        };
    }

    /** Remembers {@code result} for closing unless the conversion returned its input unchanged. */
    private static NDArray track(NDArray input, NDArray result, Deque<NDArray> temporaries) {
        if (result != input) {
            temporaries.push(result);
        }
        return result;
    }
}
