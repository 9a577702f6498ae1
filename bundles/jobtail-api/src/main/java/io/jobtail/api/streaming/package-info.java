/**
 * The streaming SPI: a producer on the sending side, a consumer per stream on the receiving side,
 * and the engine that moves {@link io.jobtail.api.streaming.StreamItem items} between them.
 *
 * <p>Streams are byte streams with offsets: every data item says where its bytes start, so a
 * receiver can drop a duplicate prefix, ask for a gap to be re-sent, and a stream can resume after
 * any failure. The sender's file is its buffer; nothing is held in memory to replay.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.jobtail.api.streaming;
