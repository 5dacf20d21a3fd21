import LayerStore

/// The `/hello` of the official hello-world image: a static binary that prints its message and
/// exits 0 (docker-library/hello-world hello.c, built for amd64). Known by its content, so a
/// learner's own program of that name is not taken for it.
enum HelloWorldProgram {
    /// The catalog's seed for the image's one file.
    static let seed = "hello-world-rootfs:/hello"

    static func isIt(_ content: FileContent) -> Bool {
        if case .synthetic(seed, _) = content { true } else { false }
    }

    static let message = """

        Hello from Docker!
        This message shows that your installation appears to be working correctly.

        To generate this message, Docker took the following steps:
         1. The Docker client contacted the Docker daemon.
         2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
            (amd64)
         3. The Docker daemon created a new container from that image which runs the
            executable that produces the output you are currently reading.
         4. The Docker daemon streamed that output to the Docker client, which sent it
            to your terminal.

        To try something more ambitious, you can run an Ubuntu container with:
         $ docker run -it ubuntu bash

        Share images, automate workflows, and more with a free Docker ID:
         https://hub.docker.com/

        For more examples and ideas, visit:
         https://docs.docker.com/get-started/


        """
}
